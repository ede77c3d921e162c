// Expected: CWE-78 (OS command injection), vulnerable. Cookie value flows through a helper into Runtime.exec.
package com.example.media;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class ThumbnailServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String size = "128x128";
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if ("thumbSize".equals(c.getName())) {
                    size = c.getValue();
                }
            }
        }
        String command = convertCommand("/var/media/in.png", size);
        Process proc = Runtime.getRuntime().exec(command);
        try {
            resp.setStatus(proc.waitFor() == 0 ? 200 : 500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String convertCommand(String file, String geometry) {
        return "convert " + file + " -resize " + geometry + " /var/media/out.png";
    }
}
