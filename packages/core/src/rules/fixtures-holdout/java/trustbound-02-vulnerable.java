// Expected: CWE-501 (trust boundary violation), vulnerable. Every submitted form field is copied into the session under its own name, so a client can set any session attribute.
package com.example.wizard;

import java.io.IOException;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

@WebServlet("/signup/step")
public class SignupWizardServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        HttpSession session = req.getSession(true);
        Object current = session.getAttribute("wizardStep");
        int step = current instanceof Integer ? (Integer) current : 1;
        for (Map.Entry<String, String[]> field : req.getParameterMap().entrySet()) {
            String[] values = field.getValue();
            if (values.length > 0) {
                saveDraft(session, field.getKey(), values[0]);
            }
        }
        session.setAttribute("wizardStep", step + 1);
        resp.sendRedirect("step" + (step + 1) + ".jsp");
    }

    private static void saveDraft(HttpSession session, String name, String value) {
        session.setAttribute(name, value);
    }
}
