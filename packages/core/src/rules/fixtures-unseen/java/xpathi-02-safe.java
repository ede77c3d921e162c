// Expected: CWE-643 (XPath injection), safe. User value bound through an XPathVariableResolver; the expression is constant.
package com.example.config;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

public class PriceListServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        final String sku = req.getParameter("sku");
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = dbf.newDocumentBuilder().parse(getServletContext().getResourceAsStream("/WEB-INF/prices.xml"));
            XPath xpath = XPathFactory.newInstance().newXPath();
            xpath.setXPathVariableResolver((QName name) -> "sku".equals(name.getLocalPart()) ? sku : null);
            String price = xpath.evaluate("/prices/item[@sku=$sku]/price/text()", doc);
            resp.setContentType("text/plain");
            resp.getWriter().print(price.isEmpty() ? "n/a" : price);
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }
}
