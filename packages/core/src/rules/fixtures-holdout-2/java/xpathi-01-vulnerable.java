// Expected: CWE-643 (XPath injection), vulnerable. The login and password request parameters are concatenated into an XPath predicate evaluated against users.xml, so "' or '1'='1" bypasses authentication.
package com.example.legacyauth;

import java.io.IOException;
import java.io.InputStream;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

@WebServlet("/legacy/login")
public class XmlUserLoginServlet extends HttpServlet {
    private Document users;

    @Override
    public void init() throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/users.xml")) {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            users = dbf.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new ServletException("cannot load user store", e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String login = req.getParameter("login");
        String password = req.getParameter("password");
        XPath xpath = XPathFactory.newInstance().newXPath();
        String expr = "/users/user[@login='" + login + "' and @password='" + password + "']/@role";
        String role;
        try {
            role = xpath.evaluate(expr, users);
        } catch (Exception e) {
            throw new ServletException(e);
        }
        if (role.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        req.changeSessionId();
        resp.sendRedirect(req.getContextPath() + ("admin".equals(role) ? "/admin" : "/home"));
    }
}
