// Expected: CWE-643 (XPath injection), vulnerable. Request parameter concatenated into an XPath expression evaluated over a config document.
package com.example.config;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

public class FeatureFlagServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String feature = request.getParameter("feature");
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = dbf.newDocumentBuilder().parse(getServletContext().getResourceAsStream("/WEB-INF/flags.xml"));
            XPath xpath = XPathFactory.newInstance().newXPath();
            String expression = "/flags/flag[@name='" + feature + "']/@enabled";
            String enabled = xpath.evaluate(expression, doc);
            response.setContentType("text/plain");
            response.getWriter().print(Boolean.parseBoolean(enabled));
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }
}
