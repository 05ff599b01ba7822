package dev.facet.contracts.json;

/**
 * Pieces of JSON for the writers that bypass Jackson's generator on hot paths (prediction events, prediction
 * replies). Those writers fall back to Jackson for anything these do not cover, and are tested byte for byte
 * against it. A double's text is {@link NumberText}'s.
 */
public final class JsonText {

    private JsonText() {
    }

    /** Printable ASCII without '"' or '\\': what Jackson writes unescaped, byte for byte. */
    public static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
