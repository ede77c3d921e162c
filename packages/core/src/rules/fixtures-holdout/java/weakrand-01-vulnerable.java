// Expected: CWE-330 (insufficiently random values), vulnerable. CSRF tokens are made from ThreadLocalRandom, which is not a cryptographic generator.
package com.example.security;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

public class CsrfTokenFilter implements Filter {
    public static final String TOKEN_ATTRIBUTE = "csrfToken";

    @Override
    public void init(FilterConfig filterConfig) {
        // no configuration
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = ((HttpServletRequest) request).getSession(true);
        if (session.getAttribute(TOKEN_ATTRIBUTE) == null) {
            session.setAttribute(TOKEN_ATTRIBUTE, newToken());
        }
        chain.doFilter(request, response);
    }

    private static String newToken() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        return Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong());
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}
