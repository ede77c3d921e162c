// Expected: CWE-643 (XPath injection), safe. The order id query parameter is parsed with Integer.parseInt and formatted with %d, so only digits can reach the XPath expression.
package com.example.orders;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

@WebServlet("/orders/status")
public class OrderStatusServlet extends HttpServlet {
    private transient Document orders;

    @Override
    public void init() {
        orders = (Document) getServletContext().getAttribute("ordersXml");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        int orderId;
        try {
            orderId = Integer.parseInt(req.getParameter("id"));
        } catch (NumberFormatException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "id must be numeric");
            return;
        }
        String owner = req.getRemoteUser();
        XPath xpath = XPathFactory.newInstance().newXPath();
        String query = String.format("/orders/order[@id=%d]/status", orderId);
        try {
            String status = xpath.evaluate(query, orders);
            String ownerOf = xpath.evaluate(String.format("/orders/order[@id=%d]/@customer", orderId), orders);
            if (status.isEmpty() || owner == null || !owner.equals(ownerOf)) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(status);
        } catch (XPathExpressionException e) {
            throw new ServletException(e);
        }
    }
}
