// Expected: CWE-79 (cross-site scripting), safe. The language falls back to "en" unless it is in an allow-list, and the display name is HTML-encoded with ESAPI.
package com.example.profile;

import java.io.IOException;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.owasp.esapi.ESAPI;

public class WelcomeServlet extends HttpServlet {
    private static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String requestedLang = request.getParameter("lang");
        String lang = requestedLang != null && LANGUAGES.contains(requestedLang) ? requestedLang : "en";
        String displayName = request.getParameter("name");
        String safeName = displayName == null ? "guest" : ESAPI.encoder().encodeForHTML(displayName);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(String.format(
                "<html lang=\"%s\"><body><p>Welcome, %s!</p></body></html>", lang, safeName));
    }
}
