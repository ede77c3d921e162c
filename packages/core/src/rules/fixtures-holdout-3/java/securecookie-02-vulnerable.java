// Expected: CWE-614 (cookie without Secure flag), vulnerable. The access token is returned in a NewCookie whose secure argument is false (TLS is assumed at the load balancer), so it can leak over HTTP.
package com.example.auth.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

@Path("/auth")
public class TokenLoginResource {
    // TLS is terminated at the load balancer, so the app itself only sees HTTP.
    private static final boolean SECURE_COOKIES = false;
    private static final int MAX_AGE_SECONDS = 900;

    public record Credentials(String username, String password) {}

    @Inject
    AuthService auth;

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(Credentials credentials) {
        Optional<String> token = auth.authenticate(credentials.username(), credentials.password());
        if (token.isEmpty()) {
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        NewCookie cookie = new NewCookie("ACCESS_TOKEN", token.get(), "/", null,
                NewCookie.DEFAULT_VERSION, null, MAX_AGE_SECONDS, null, SECURE_COOKIES, true);
        return Response.noContent().cookie(cookie).build();
    }

    public interface AuthService {
        Optional<String> authenticate(String username, String password);
    }
}
