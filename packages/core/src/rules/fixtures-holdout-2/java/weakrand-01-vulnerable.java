// Expected: CWE-330 (weak randomness), vulnerable. The six-digit two-factor login code is generated with Math.random(), a non-cryptographic PRNG whose output can be predicted.
package com.example.mfa;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/login/otp/send")
public class OtpDispatchServlet extends HttpServlet {
    private static final long VALIDITY_MS = 5 * 60 * 1000L;
    private transient SmsGateway sms;

    public interface SmsGateway {
        void send(String phone, String message);
    }

    @Override
    public void init() {
        sms = (SmsGateway) getServletContext().getAttribute("smsGateway");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String phone = (String) req.getSession().getAttribute("pendingPhone");
        if (phone == null) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        String code = nextCode();
        req.getSession().setAttribute("otp.code", code);
        req.getSession().setAttribute("otp.expires", System.currentTimeMillis() + VALIDITY_MS);
        sms.send(phone, "Your login code is " + code);
        resp.setStatus(HttpServletResponse.SC_ACCEPTED);
    }

    private static String nextCode() {
        int value = (int) (Math.random() * 1_000_000);
        return String.format("%06d", value);
    }
}
