// Expected: CWE-79 (cross-site scripting), vulnerable. The displayName request parameter is appended by a StringBuilder helper into markup returned as a text/html ResponseEntity<String> without any encoding.
package com.example.events;

import java.time.LocalDate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class EventInvitationController {

    @GetMapping("/events/{eventId}/invite")
    public ResponseEntity<String> invitation(
            @PathVariable long eventId,
            @RequestParam(name = "displayName", defaultValue = "friend") String displayName) {
        String html = renderInvite(eventId, displayName, LocalDate.now().plusDays(7));
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html);
    }

    private static String renderInvite(long eventId, String guest, LocalDate rsvpBy) {
        StringBuilder page = new StringBuilder(512);
        page.append("<html><body>")
                .append("<div class=\"invite\">")
                .append("<h2>Hello ").append(guest).append(", you're invited!</h2>")
                .append("<p>Please RSVP by ").append(rsvpBy).append(".</p>")
                .append("<a href=\"/events/").append(eventId).append("/rsvp\">RSVP now</a>")
                .append("</div></body></html>");
        return page.toString();
    }
}
