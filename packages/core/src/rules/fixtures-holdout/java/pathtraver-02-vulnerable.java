// Expected: CWE-22 (path traversal), vulnerable. The containment check compares getAbsolutePath() strings, which keep "..", so file=../../etc/x passes and is deleted.
package com.example.attachments;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class AttachmentDeleteServlet extends HttpServlet {
    private File attachmentsDir;

    @Override
    public void init() {
        attachmentsDir = new File(getServletContext().getInitParameter("attachments.dir"));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String relative = req.getParameter("file");
        if (relative == null || relative.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        File target = new File(attachmentsDir, relative);
        if (!target.getAbsolutePath().startsWith(attachmentsDir.getAbsolutePath())) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        boolean deleted = Files.deleteIfExists(target.toPath());
        resp.setStatus(deleted ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_NOT_FOUND);
    }
}
