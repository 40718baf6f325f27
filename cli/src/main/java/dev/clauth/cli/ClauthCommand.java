package dev.clauth.cli;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.api.ClauthAnthropicClient;
import dev.clauth.core.credentials.ResolverOptions;
import dev.clauth.core.credentials.helper.HelperTiming;
import dev.clauth.core.config.Profiles;
import dev.clauth.core.world.EnvOverlayWorld;
import dev.clauth.core.world.World;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clauth [-p PROMPT] [--bare] [--settings FILE] [--model M] [--debug]}, its {@code auth} and
 * {@code setup-token} commands, and, with a terminal and no arguments, the interactive prompt.
 */
@Command(name = "clauth", mixinStandardHelpOptions = true, version = "clauth 0.1.0",
        description = "Authentication for command-line AI tools.",
        subcommands = {AuthCommand.class, SetupTokenCommand.class})
final class ClauthCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "claude-sonnet-4-5";

    final World world;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--print"}, paramLabel = "PROMPT", description = "Send one message and print the answer.")
    String prompt;

    @Option(names = "--model", paramLabel = "M", description = "Model for -p (default: ${DEFAULT-VALUE}).",
            defaultValue = DEFAULT_MODEL)
    String model;

    @Option(names = "--bare", description = "Use only ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and an apiKeyHelper"
            + " from --settings.")
    boolean bare;

    @Option(names = "--settings", paramLabel = "FILE", description = "A settings file (or JSON) read after the others.")
    String settings;

    @Option(names = "--debug", scope = picocli.CommandLine.ScopeType.INHERIT, description = "Show stack traces.")
    boolean debug;

    @Option(names = "--profile", paramLabel = "NAME", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Use the profile NAME (a config dir of its own; default: CLAUTH_PROFILE, else the one"
                    + " clauth auth switch chose).")
    String profile;

    ClauthCommand(World world) {
        this.world = world;
    }

    Clauth clauth() {
        return new Clauth(profiled(), resolverOptions());
    }

    /** The world with {@code --profile} given to the library as {@code CLAUTH_PROFILE}. */
    World profiled() {
        return profile == null ? world : new EnvOverlayWorld(world, java.util.Map.of(Profiles.VARIABLE, profile));
    }

    ResolverOptions resolverOptions() {
        return ResolverOptions.defaults().bare(bare).settings(settings).helperTiming(helperTiming());
    }

    /** The slow-helper notice comes after 10 s; tests of the real process shorten that with this property. */
    static final String SLOW_NOTICE_PROPERTY = "clauth.apiKeyHelper.slowNoticeMs";

    private static HelperTiming helperTiming() {
        Long ms = Long.getLong(SLOW_NOTICE_PROPERTY);
        return ms == null || ms <= 0 ? HelperTiming.DEFAULT
                : new HelperTiming(HelperTiming.DEFAULT.timeout(), java.time.Duration.ofMillis(ms));
    }

    @Override
    public Integer call() {
        if (prompt == null) {
            if (world.isTerminal()) {
                return new InteractivePrompt(profiled(), resolverOptions(), model).run();
            }
            world.err().println("Nothing to do: give -p PROMPT or a command, or run clauth in a terminal"
                    + " (run clauth --help for usage)");
            world.err().print(spec.commandLine().getUsageMessage());
            return ErrorReporter.USAGE;
        }
        AnthropicClient client = clauth().anthropicClient();
        try {
            world.out().println(ClauthAnthropicClient.text(client.messages().create(MessageCreateParams.builder()
                    .model(model)
                    .maxTokens(4096)
                    .addUserMessage(prompt)
                    .build())));
        } finally {
            client.close();
        }
        return 0;
    }
}
