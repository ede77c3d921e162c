// Expected: CWE-501 (trust boundary violation), vulnerable. Every submitted form field is copied into the HttpSession as a "checkout." attribute without validation, mixing client data with trusted session state.
package com.example.checkout;

import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
@RequestMapping("/checkout")
public class CheckoutWizardController {
    private static final String PREFIX = "checkout.";

    private final WizardState state;

    public CheckoutWizardController(WizardState state) {
        this.state = state;
    }

    @PostMapping("/step/{step}")
    public String saveStep(@PathVariable int step, @RequestParam Map<String, String> form, HttpSession session) {
        state.remember(session, form);
        session.setAttribute(PREFIX + "lastStep", step);
        return step >= 3 ? "redirect:/checkout/review" : "redirect:/checkout/step/" + (step + 1);
    }

    @org.springframework.stereotype.Component
    public static class WizardState {
        void remember(HttpSession session, Map<String, String> form) {
            form.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("_"))
                    .forEach(e -> session.setAttribute(PREFIX + e.getKey(), e.getValue()));
        }
    }
}
