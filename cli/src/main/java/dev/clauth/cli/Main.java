package dev.clauth.cli;

import dev.clauth.core.world.SystemWorld;
import dev.clauth.core.world.World;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code clauth}: parses, hands the work to clauth-core, prints, and exits 0, 1 (failed) or 2 (usage). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(new SystemWorld(JLineKeyboard::open), args));
    }

    public static int run(World world, String... args) {
        ClauthCommand root = new ClauthCommand(world);
        CommandLine commandLine = new CommandLine(root)
                .setOut(new PrintWriter(new OutputStreamWriter(world.out(), StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(world.err(), StandardCharsets.UTF_8), true))
                .setExecutionExceptionHandler(new ErrorReporter(world, root))
                .setParameterExceptionHandler(ErrorReporter::usage);
        int code = commandLine.execute(args);
        world.out().flush();
        world.err().flush();
        return code;
    }
}
