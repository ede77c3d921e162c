// Expected: CWE-78 (OS command injection), safe. The job id is parsed with UUID.fromString, so only its canonical hex form reaches the argument list of a fixed executable without a shell; the user header is only logged.
package com.example.reports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class ReportRenderServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(ReportRenderServlet.class);

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String rawJob = req.getParameter("job");
        String requestedBy = req.getHeader("X-User");
        UUID jobId;
        try {
            jobId = UUID.fromString(rawJob);
        } catch (IllegalArgumentException | NullPointerException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "bad job id");
            return;
        }
        log.info("render requested for job {} by {}", jobId, requestedBy);
        List<String> args = new ArrayList<>(List.of("/opt/reporting/bin/render-report", "--quiet"));
        args.add("--job=" + jobId);
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        try {
            int code = process.waitFor();
            resp.setStatus(code == 0 ? HttpServletResponse.SC_ACCEPTED : HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
    }
}
