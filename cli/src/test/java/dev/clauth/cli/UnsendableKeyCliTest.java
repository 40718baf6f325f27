package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.RecordingApi;
import dev.clauth.core.testing.SecretLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ANTHROPIC_API_KEY} pasted with an accented letter: {@code clauth -p} ends with one line naming the
 * variable (not {@code Unexpected error (IllegalArgumentException)}), and even {@code --debug}'s stack
 * trace holds nothing of the key.
 */
class UnsendableKeyCliTest {

    static final String KEY = "clauth_sk_cli_Ékey_0123456789abcdef";
    static final String LINE = "ANTHROPIC_API_KEY contains a character that cannot be sent in an HTTP header (position 15);"
            + " check how it was set\n";

    static {
        SecretLedger.record(KEY, "0123456789abcdef");
    }

    private final LoggedInFixture fixture = new LoggedInFixture();
    private final RecordingApi api = new RecordingApi();

    UnsendableKeyCliTest() throws java.io.IOException {
        fixture.world.set("ANTHROPIC_BASE_URL", api.base());
        fixture.world.set("ANTHROPIC_API_KEY", KEY);
    }

    @AfterEach
    void nothingOfTheKeyAnywhere() {
        assertThat(fixture.world.printed() + fixture.world.errors()).doesNotContain("clauth_sk_cli", "0123456789abcdef");
        assertThat(api.messages()).isEmpty();
        api.close();
        fixture.close();
    }

    @Test
    void printModeSaysWhichVariableInOneLine() {
        assertThat(Main.run(fixture.world, new String[] {"-p", "hello"})).isEqualTo(1);
        assertThat(fixture.world.errors()).isEqualTo(LINE);
    }

    @Test
    void debugShowsTheTraceButNotTheKey() {
        assertThat(Main.run(fixture.world, new String[] {"--debug", "-p", "hello"})).isEqualTo(1);
        assertThat(fixture.world.errors()).startsWith(LINE).contains("ClauthException");
    }
}
