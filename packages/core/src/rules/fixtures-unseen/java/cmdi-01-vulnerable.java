// Expected: CWE-78 (OS command injection), vulnerable. Spring parameter added to a ProcessBuilder command run through a shell.
package com.example.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DiagnosticsController {

    @PostMapping("/admin/ping")
    public String ping(@RequestParam("host") String host) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("/bin/sh");
        cmd.add("-c");
        cmd.add("ping -c 1 " + host);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return output;
        }
    }
}
