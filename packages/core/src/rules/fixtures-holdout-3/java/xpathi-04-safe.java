// Expected: CWE-643 (XPath injection), safe. The order id is parsed with Integer.parseInt, so only a decimal integer is concatenated into the XPath expression.
package com.example.orders.xml;

import java.io.File;
import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

public class OrderStatusServlet extends HttpServlet {
    private transient Document orders;

    @Override
    public void init() throws ServletException {
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            orders = dbf.newDocumentBuilder().parse(new File(getInitParameter("ordersFile")));
        } catch (Exception e) {
            throw new ServletException("cannot load orders", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        int orderId;
        try {
            orderId = Integer.parseInt(req.getParameter("orderId"));
        } catch (NumberFormatException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "orderId must be numeric");
            return;
        }
        XPath xpath = XPathFactory.newInstance().newXPath();
        try {
            String status = xpath.evaluate("/orders/order[@id=" + orderId + "]/status", orders);
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(status.isEmpty() ? "unknown" : status);
        } catch (XPathExpressionException e) {
            throw new ServletException(e);
        }
    }
}
