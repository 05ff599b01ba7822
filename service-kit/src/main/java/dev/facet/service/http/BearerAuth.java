package dev.facet.service.http;

import dev.facet.contracts.error.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards write and admin routes with a static bearer token ({@code Authorization: Bearer <token>}), compared
 * in constant time ({@link MessageDigest#isEqual}) so response timing does not leak how much of a guess was
 * right. The token comes from a setting (environment variable) or, preferably, a secret file; an empty token
 * disables the check, which the service logs loudly at start.
 */
public final class BearerAuth implements Handler<RoutingContext> {

    private final byte[] token;

    private BearerAuth(byte[] token) {
        this.token = token;
    }

    /**
     * The token from {@code tokenFile} when it is non-blank, else {@code token}; empty when neither is set.
     * A named file that cannot be read is an error, not a silently open door.
     */
    public static Optional<BearerAuth> of(String token, String tokenFile) {
        String value = token == null ? "" : token.trim();
        if (tokenFile != null && !tokenFile.isBlank()) {
            try {
                value = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read token file " + tokenFile, e);
            }
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(new BearerAuth(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, token)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(new ClientErrorException(ErrorBody.Kind.UNAUTHORIZED,
                    header == null ? "this route requires Authorization: Bearer <token>" : "the bearer token is not valid"));
            return;
        }
        ctx.next();
    }
}
