// Expected: CWE-643 (XPath injection), vulnerable. Username and password are formatted into an XPath login query over users.xml, so ' or '1'='1 logs in.
package com.example.kiosk;

import java.io.IOException;
import java.io.InputStream;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

public class KioskLoginServlet extends HttpServlet {
    private Document users;

    @Override
    public void init() throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/users.xml")) {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            users = dbf.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new ServletException("cannot load users", e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String user = req.getParameter("user");
        String pin = req.getParameter("pin");
        String query = String.format("/users/user[@name='%s' and @pin='%s']", user, pin);
        XPath xpath = XPathFactory.newInstance().newXPath();
        try {
            Node match = (Node) xpath.compile(query).evaluate(users, XPathConstants.NODE);
            if (match == null) {
                resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            req.getSession(true).setAttribute("kioskUser", match.getAttributes().getNamedItem("name").getNodeValue());
            resp.sendRedirect("menu");
        } catch (XPathExpressionException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
        }
    }
}
