// Expected: CWE-330 (insufficiently random values), safe. Weak primitive for a non-security purpose: java.util.Random only shuffles the display order of featured products; no token, key or identifier comes from it.
package com.example.storefront;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class FeaturedProductsController {

    public record ProductCard(long id, String title, String imageUrl) {}

    private final ProductCatalog catalog;

    public FeaturedProductsController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/featured")
    public List<ProductCard> featured(@RequestParam(defaultValue = "8") int count) {
        List<ProductCard> pool = new ArrayList<>(catalog.featuredPool());
        // Same order for everyone during a day so CDN caching works.
        long seed = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        Collections.shuffle(pool, new Random(seed));
        int limit = Math.min(Math.max(count, 1), 24);
        return pool.stream().limit(limit).toList();
    }

    public interface ProductCatalog {
        List<ProductCard> featuredPool();
    }
}
