// Expected: CWE-78 (OS command injection), vulnerable. The size check uses an unanchored find(), so "100x100;id" passes and reaches sh -c.
package com.example.media;

import java.io.IOException;
import java.util.regex.Pattern;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/thumbnails")
public class ThumbnailServlet extends HttpServlet {
    private static final Pattern GEOMETRY = Pattern.compile("\\d+x\\d+");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String size = req.getParameter("size");
        if (size == null || !GEOMETRY.matcher(size).find()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "size must look like 200x200");
            return;
        }
        long imageId = Long.parseLong(req.getParameter("id"));
        String[] cmd = {"sh", "-c", buildConvert(imageId, size)};
        Process p = Runtime.getRuntime().exec(cmd);
        try {
            int rc = p.waitFor();
            resp.setStatus(rc == 0 ? HttpServletResponse.SC_CREATED : HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
    }

    private static String buildConvert(long imageId, String geometry) {
        return "convert /srv/images/" + imageId + ".png -resize " + geometry + " /srv/thumbs/" + imageId + ".png";
    }
}
