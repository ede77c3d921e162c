// Expected: CWE-78 (OS command injection), vulnerable. The X-Probe-Host header is appended to a ping command executed through "bash -c" via Runtime.exec, allowing chaining with ; or $(...).
package com.example.diagnostics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

@Path("/diagnostics")
public class NetworkProbeResource {

    @Context
    HttpHeaders headers;

    @GET
    @Path("/ping")
    @Produces(MediaType.TEXT_PLAIN)
    public Response ping() throws IOException, InterruptedException {
        String target = Optional.ofNullable(headers.getHeaderString("X-Probe-Host"))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .orElse("localhost");
        String[] cmd = {"/bin/bash", "-c", "ping -c 3 -W 2 " + target};
        Process p = Runtime.getRuntime().exec(cmd);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return Response.status(exit == 0 ? 200 : 502).entity(output).build();
    }
}
