// Expected: CWE-643 (XPath injection), safe. The employee code must fully match [A-Z]{3}-\d{4} (early return otherwise) before it is put into the expression.
package com.example.hr;

import java.io.IOException;
import java.util.regex.Pattern;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

public class EmployeeCardServlet extends HttpServlet {
    private static final Pattern EMPLOYEE_CODE = Pattern.compile("[A-Z]{3}-\\d{4}");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String code = req.getParameter("code");
        if (code == null || !EMPLOYEE_CODE.matcher(code).matches()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "bad employee code");
            return;
        }
        Document staff = (Document) getServletContext().getAttribute("staffDocument");
        String expr = "//employee[@code='" + code + "']/skills/skill/text()";
        try {
            NodeList skills = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, staff, XPathConstants.NODESET);
            resp.setContentType("text/plain;charset=UTF-8");
            for (int i = 0; i < skills.getLength(); i++) {
                resp.getWriter().println(skills.item(i).getNodeValue());
            }
        } catch (XPathExpressionException e) {
            throw new ServletException(e);
        }
    }
}
