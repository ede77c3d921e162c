// Expected: CWE-79 (cross-site scripting), safe. The displayName parameter is escaped with Spring's HtmlUtils.htmlEscape before the StringBuilder helper places it in the text/html ResponseEntity body.
package com.example.events;

import java.time.LocalDate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

@RestController
public class WebinarInvitationController {

    @GetMapping("/webinars/{webinarId}/invite")
    public ResponseEntity<String> invitation(
            @PathVariable long webinarId,
            @RequestParam(name = "displayName", defaultValue = "friend") String displayName) {
        String safeName = HtmlUtils.htmlEscape(displayName);
        String html = renderInvite(webinarId, safeName, LocalDate.now().plusDays(3));
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html);
    }

    private static String renderInvite(long webinarId, String guestHtml, LocalDate startsOn) {
        StringBuilder page = new StringBuilder(512);
        page.append("<html><body>")
                .append("<div class=\"invite\">")
                .append("<h2>Hello ").append(guestHtml).append(", save your seat!</h2>")
                .append("<p>The webinar starts on ").append(startsOn).append(".</p>")
                .append("<a href=\"/webinars/").append(webinarId).append("/register\">Register</a>")
                .append("</div></body></html>");
        return page.toString();
    }
}
