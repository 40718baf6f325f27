package dev.clauth.core.store;

import dev.clauth.core.Clauth;

/** Records {@code args[1]} approvals of keys named {@code args[0]}-N in {@code .claude.json}, as many prompts answering at once would. */
public final class RecordKeysMain {

    private RecordKeysMain() {
    }

    public static void main(String[] args) {
        GlobalConfig config = Clauth.fromEnvironment().globalConfig();
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            config.recordKeyResponse(args[0] + "-key-number-" + i, true);
        }
        System.out.println("done");
    }
}
