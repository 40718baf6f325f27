package dev.clauth.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.login.PastedCode.Reading;
import dev.clauth.core.oauth.IssuerCheck;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PastedCodeTest {

    private static final String STATE = "Zm9vYmFyYmF6cXV4LXN0YXRlLW9mLXRoaXMtbG9naW4";

    private static Reading read(String text) {
        return PastedCode.read(text, STATE);
    }

    @Test
    void codeHashStateWithWhitespaceQuotesAndLineBreaksIsACode() {
        assertThat(read("abc123#" + STATE)).isEqualTo(new Reading.Code("abc123", false));
        assertThat(read("  \tabc123#" + STATE + " \r\n")).isEqualTo(new Reading.Code("abc123", false));
        assertThat(read("\"abc123#" + STATE + "\"")).isEqualTo(new Reading.Code("abc123", false));
        assertThat(read("abc1\n23#" + STATE.substring(0, 10) + "\r\n  " + STATE.substring(10)))
                .isEqualTo(new Reading.Code("abc123", false));
    }

    @Test
    void theServersCodePageAddressAndTheLoopbackCallbackAddressAreCodes() {
        assertThat(read("http://127.0.0.1:8765/oauth/code/callback?code=abc-1&state=" + STATE + "&iss=http%3A%2F%2F127.0.0.1%3A8765"))
                .isEqualTo(new Reading.Code("abc-1", false));
        assertThat(read("http://localhost:54545/callback?code=abc-1&state=" + STATE))
                .isEqualTo(new Reading.Code("abc-1", true));
        assertThat(read("http://localhost:54545/callback?code=abc-1\n&state=" + STATE))
                .isEqualTo(new Reading.Code("abc-1", true));
        assertThat(read("http://localhost:54545/callback?error=access_denied&state=" + STATE))
                .isEqualTo(new Reading.Refused("access_denied"));
    }

    @Test
    void aPastedAddressMustCarryTheIssuerOfThisLogin() {
        IssuerCheck check = new IssuerCheck("http://127.0.0.1:8765", true);
        String page = "http://127.0.0.1:8765/oauth/code/callback?code=abc-1&state=" + STATE;
        assertThat(PastedCode.read(page + "&iss=http%3A%2F%2F127.0.0.1%3A8765", STATE, check))
                .isEqualTo(new Reading.Code("abc-1", false));
        assertThat(PastedCode.read(page + "&iss=https%3A%2F%2Fevil.example", STATE, check)).isEqualTo(new Reading.WrongIssuer(
                "The sign-in answer came from https://evil.example, not http://127.0.0.1:8765; start again with clauth auth login"));
        assertThat(PastedCode.read(page, STATE, check)).as("the rest may be on the next line").isInstanceOf(Reading.Incomplete.class);
        assertThat(PastedCode.read(page + "&iss=http%3A%2F%2F127.0.0", STATE, check)).isInstanceOf(Reading.Incomplete.class);
        assertThat(PastedCode.read("abc-1#" + STATE, STATE, check)).as("a bare code#state has no iss to check")
                .isEqualTo(new Reading.Code("abc-1", false));
    }

    @Test
    void aCodeOfAnotherAttemptIsTold() {
        assertThat(read("abc123#someOtherStateEntirely")).isInstanceOf(Reading.WrongState.class);
        assertThat(read("http://localhost:1/callback?code=abc&state=other")).isInstanceOf(Reading.WrongState.class);
    }

    @Test
    void theStartOfACodeMayGoOnWhileRubbishIsNoCode() {
        assertThat(read("abc123")).isInstanceOf(Reading.Incomplete.class);
        assertThat(read("abc123#")).isInstanceOf(Reading.Incomplete.class);
        assertThat(read("abc123#" + STATE.substring(0, 5))).isInstanceOf(Reading.Incomplete.class);
        assertThat(read("#" + STATE)).isInstanceOf(Reading.Incomplete.class);
        assertThat(read("yes please")).isInstanceOf(Reading.NotACode.class);
        assertThat(read("http://example.com/some/page")).isInstanceOf(Reading.NotACode.class);
        assertThat(read("ab<c>#" + STATE)).isInstanceOf(Reading.NotACode.class);
        assertThat(read("x".repeat(10_000))).isInstanceOf(Reading.NotACode.class);
    }

    @Test
    void theBufferJoinsWrappedLinesButNotRubbishWithAGoodCode() {
        PasteBuffer buffer = new PasteBuffer(STATE);
        assertThat(buffer.add("abc1")).isEmpty();
        assertThat(buffer.waiting()).isTrue();
        assertThat(buffer.add("23#" + STATE)).contains(new Reading.Code("abc123", false));
        assertThat(buffer.waiting()).isFalse();

        assertThat(buffer.add("garbage")).isEmpty();
        assertThat(buffer.add("xyz#" + STATE)).isEqualTo(Optional.of(new Reading.Code("garbagexyz", false)));

        assertThat(buffer.add("hello there")).contains(new Reading.NotACode());
        assertThat(buffer.add("abc#" + STATE)).contains(new Reading.Code("abc", false));

        assertThat(buffer.add("abc")).isEmpty();
        assertThat(buffer.flush()).isInstanceOf(Reading.Incomplete.class);
        assertThat(buffer.waiting()).isFalse();
    }
}
