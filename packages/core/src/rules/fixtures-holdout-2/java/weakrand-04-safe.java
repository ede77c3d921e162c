// Expected: CWE-330 (weak randomness), safe. ThreadLocalRandom only shuffles the order of public homepage promo banners, a cosmetic non-security use where predictability has no impact.
package com.example.storefront;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PromoCarouselController {
    private final BannerRepository banners;

    public PromoCarouselController(BannerRepository banners) {
        this.banners = banners;
    }

    public interface BannerRepository {
        List<Banner> findActive(String region);
    }

    public record Banner(long id, String imageUrl, String altText) {}

    @GetMapping("/api/home/carousel")
    public List<Banner> carousel(@RequestParam(name = "region", defaultValue = "eu") String region) {
        List<Banner> slides = new ArrayList<>(banners.findActive(region.length() <= 8 ? region : "eu"));
        Collections.shuffle(slides, ThreadLocalRandom.current());
        return slides.size() > 6 ? slides.subList(0, 6) : slides;
    }
}
