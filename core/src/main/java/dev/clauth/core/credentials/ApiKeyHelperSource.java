package dev.clauth.core.credentials;

import dev.clauth.core.ClauthException;
import dev.clauth.core.credentials.helper.HelperKeyCache;
import dev.clauth.core.credentials.helper.HelperRunner;
import dev.clauth.core.credentials.helper.HelperTiming;
import dev.clauth.core.settings.SettingsFiles;
import dev.clauth.core.world.World;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code apiKeyHelper} of the settings files. Detecting it reads the settings only; the helper runs
 * when a request needs its key. Its cache lives as long as this source, so one {@code Clauth} runs a
 * helper once per TTL however many clients and requests it serves. The TTL comes from
 * {@code CLAUDE_CODE_API_KEY_HELPER_TTL_MS} in the environment, else in the settings' {@code env}, else
 * five minutes.
 */
public final class ApiKeyHelperSource implements CredentialSource {

    public static final String TTL_VARIABLE = "CLAUDE_CODE_API_KEY_HELPER_TTL_MS";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final World world;
    private final Supplier<SettingsFiles> settings;
    private final HelperTiming timing;
    private final Consumer<String> notices;
    private final Map<String, HelperKeyCache> caches = new ConcurrentHashMap<>();

    public ApiKeyHelperSource(World world, Supplier<SettingsFiles> settings, HelperTiming timing, Consumer<String> notices) {
        this.world = world;
        this.settings = settings;
        this.timing = timing;
        this.notices = notices;
    }

    @Override
    public String name() {
        return "apiKeyHelper";
    }

    @Override
    public String noun() {
        return "the apiKeyHelper";
    }

    @Override
    public Detection detect() {
        SettingsFiles files = settings.get();
        Optional<SettingsFiles.Helper> helper = files.apiKeyHelper();
        if (helper.isEmpty()) {
            return files.ignoredApiKeyHelper().<Detection>map(h -> new Detection.Ignored("apiKeyHelper",
                            "the apiKeyHelper in " + h.origin() + " is left out by --bare; give it with --settings"))
                    .orElseGet(() -> new Detection.Absent("not configured"));
        }
        Duration ttl = ttl(files);
        String command = helper.get().command();
        HelperRunner runner = new HelperRunner(world, command, helper.get().origin(), files.env(), timing, notices);
        HelperKeyCache cache = caches.computeIfAbsent(command + "\u0000" + ttl.toMillis(),
                k -> new HelperKeyCache(runner::run, world.clock(), ttl));
        return new Detection.Found(new ApiKeyHelperProvider(cache, runner.displayName()));
    }

    private Duration ttl(SettingsFiles files) {
        Optional<String> value = world.env(TTL_VARIABLE).or(() -> files.env(TTL_VARIABLE));
        if (value.isEmpty()) {
            return DEFAULT_TTL;
        }
        try {
            long millis = Long.parseLong(value.get().strip());
            if (millis < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new ClauthException(TTL_VARIABLE + " must be a whole number of milliseconds; fix or unset it");
        }
    }
}
