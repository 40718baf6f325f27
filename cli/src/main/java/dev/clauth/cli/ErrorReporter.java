package dev.clauth.cli;

import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import picocli.CommandLine;

/**
 * Turns any failure into one line on stderr and exit 1 (2 for usage errors); the stack trace only
 * with {@code --debug}. Messages come from clauth-core, which never puts a secret in one.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private final World world;
    private final ClauthCommand root;

    ErrorReporter(World world, ClauthCommand root) {
        this.world = world;
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        world.err().println(message(e));
        if (root.debug) {
            e.printStackTrace(world.err());
        }
        return FAILED;
    }

    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println(e.getMessage() + " (run " + commandLine.getCommandSpec().qualifiedName()
                + " --help for usage)");
        return USAGE;
    }

    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClauthException clauth) {
                return clauth.getMessage();
            }
        }
        if (e instanceof AnthropicServiceException service) {
            return "The API refused the request (" + service.statusCode() + ")"
                    + service.apiMessage().map(m -> ": " + ClauthException.oneLine(m)).orElse("") + "; check the model name and try again";
        }
        if (e instanceof AnthropicIoException) {
            return "Cannot reach the API; check that the server is running and ANTHROPIC_BASE_URL, then try again";
        }
        return "Unexpected error (" + e.getClass().getSimpleName() + "); run again with --debug for details";
    }
}
