// Expected: CWE-79 (cross-site scripting), vulnerable. The name path variable is only whitespace-normalised and abbreviated by the service before being formatted into the text/html banner.
package com.example.dashboard;

import org.apache.commons.lang3.StringUtils;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class WelcomeBannerController {
    private final BannerService banners;

    public WelcomeBannerController(BannerService banners) {
        this.banners = banners;
    }

    @GetMapping(value = "/welcome/{name}", produces = MediaType.TEXT_HTML_VALUE)
    public String welcome(@PathVariable String name, @RequestParam(defaultValue = "light") String theme) {
        return banners.render(name, "dark".equals(theme));
    }

    @Service
    public static class BannerService {
        String render(String name, boolean dark) {
            String cleaned = StringUtils.abbreviate(StringUtils.normalizeSpace(name), 40);
            String css = dark ? "banner banner--dark" : "banner";
            return """
                    <div class="%s">
                      <h2>Welcome back, %s!</h2>
                      <p>Your dashboard is ready.</p>
                    </div>
                    """.formatted(css, cleaned);
        }
    }
}
