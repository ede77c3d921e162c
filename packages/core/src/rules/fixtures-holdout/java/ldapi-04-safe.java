// Expected: CWE-90 (LDAP injection), safe. The user id must match ^[a-z][a-z0-9._-]{0,31}$ (early return otherwise), so no filter metacharacter can reach the query.
package com.example.accounts;

import java.io.IOException;
import java.util.regex.Pattern;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/accounts/exists")
public class AccountExistsServlet extends HttpServlet {
    private static final Pattern USER_ID = Pattern.compile("^[a-z][a-z0-9._-]{0,31}$");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String uid = request.getParameter("uid");
        if (uid == null || !USER_ID.matcher(uid).matches()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "invalid user id");
            return;
        }
        String filter = "(&(objectClass=posixAccount)(uid=" + uid + "))";
        try {
            DirContext ctx = new InitialDirContext();
            try {
                SearchControls sc = new SearchControls();
                sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
                sc.setCountLimit(1);
                NamingEnumeration<SearchResult> hits = ctx.search("ou=accounts,dc=example,dc=net", filter, sc);
                response.setContentType("application/json");
                response.getWriter().write(hits.hasMore() ? "{\"exists\":true}" : "{\"exists\":false}");
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            throw new ServletException(e);
        }
    }
}
