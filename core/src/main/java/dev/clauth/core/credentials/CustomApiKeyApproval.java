package dev.clauth.core.credentials;

import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.world.World;
import java.util.Optional;

/**
 * Whether the interactive prompt may use {@code ANTHROPIC_API_KEY}: only once the user approved it, an
 * answer remembered by the key's last 20 characters in {@code customApiKeyResponses}. {@link ApiKeySource}
 * asks it; the prompt's dialog and its {@code /config} toggle record answers through it.
 */
public final class CustomApiKeyApproval {

    private final World world;
    private final GlobalConfig config;

    public CustomApiKeyApproval(World world, GlobalConfig config) {
        this.world = world;
        this.config = config;
    }

    /** The key in the environment, read as {@link ApiKeySource} reads it. */
    private Optional<String> key() {
        return world.env(ApiKeySource.VARIABLE).map(String::strip);
    }

    public boolean keyPresent() {
        return key().isPresent();
    }

    /** A key is there and the user has not answered about it yet: the prompt asks. */
    public boolean needsAnswer() {
        return key().map(k -> config.keyResponse(k) == GlobalConfig.KeyResponse.NOT_ASKED).orElse(false);
    }

    /** Records the user's answer about the key in the environment. */
    public void answer(boolean approved) {
        key().ifPresent(k -> config.recordKeyResponse(k, approved));
    }

    /** {@code /config}'s "Use custom API key": on unless it was approved, then off. Returns whether it is now on. */
    public boolean toggle() {
        boolean on = key().map(k -> config.keyResponse(k) != GlobalConfig.KeyResponse.APPROVED).orElse(false);
        answer(on);
        return on;
    }

    /** The key's last four characters, to show. */
    public String lastFour() {
        return key().map(Credential::lastFour).orElse("…");
    }

    /** Why {@code key} must not be used in the prompt ({@code Ignored}), or empty when the user approved it. */
    Optional<CredentialSource.Detection> refusal(String key) {
        return switch (config.keyResponse(key)) {
            case REJECTED -> Optional.of(new CredentialSource.Detection.Ignored(ApiKeySource.VARIABLE, ApiKeySource.VARIABLE
                    + " is set but you declined it; turn on \"Use custom API key\" in /config to use it"));
            case NOT_ASKED -> Optional.of(new CredentialSource.Detection.Ignored(ApiKeySource.VARIABLE,
                    ApiKeySource.VARIABLE + " is set but not approved yet"));
            case APPROVED -> Optional.empty();
        };
    }
}
