// Expected: CWE-614 (cookie without Secure flag), vulnerable. The JAX-RS NewCookie carrying the API session token is built with secure=false (httpOnly=true), so it is transmitted over unencrypted connections.
package com.example.api.auth;

import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.FormParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.NewCookie;
import javax.ws.rs.core.Response;

@Path("/session")
public class ApiSessionResource {
    private static final int MAX_AGE_SECONDS = 8 * 3600;
    private final TokenStore tokens;

    public ApiSessionResource(TokenStore tokens) {
        this.tokens = tokens;
    }

    public interface TokenStore {
        boolean verify(String user, String password);

        void bind(String token, String user);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response open(@FormParam("user") String user, @FormParam("password") String password) {
        if (!tokens.verify(user, password)) {
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        String token = UUID.randomUUID().toString();
        tokens.bind(token, user);
        NewCookie cookie = new NewCookie("API_SESSION", token, "/", null, "api session", MAX_AGE_SECONDS, false, true);
        return Response.noContent().cookie(cookie).build();
    }
}
