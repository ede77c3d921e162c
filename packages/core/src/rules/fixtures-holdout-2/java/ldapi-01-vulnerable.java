// Expected: CWE-90 (LDAP injection), vulnerable. The uid request parameter is concatenated straight into the DirContext.search filter, so input like "*)(uid=*))(|(uid=*" rewrites the query.
package com.example.directory;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Hashtable;
import javax.naming.Context;
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

@WebServlet("/directory/phone")
public class PhoneBookServlet extends HttpServlet {
    private static final String BASE_DN = "ou=people,dc=corp,dc=example,dc=com";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String uid = req.getParameter("uid");
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldap://ldap.corp.example.com:389");
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {"telephoneNumber"});
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            DirContext ctx = new InitialDirContext(env);
            String filter = "(&(objectClass=inetOrgPerson)(uid=" + uid + "))";
            NamingEnumeration<SearchResult> results = ctx.search(BASE_DN, filter, controls);
            PrintWriter out = resp.getWriter();
            while (results.hasMore()) {
                out.println(results.next().getAttributes().get("telephoneNumber"));
            }
            ctx.close();
        } catch (NamingException e) {
            throw new ServletException(e);
        }
    }
}
