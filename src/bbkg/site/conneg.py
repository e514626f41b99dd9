"""Rewrite rules for those who host the site on a web server: an entity IRI (``/id/org/galapagos``) answers
303 See Other to its Turtle, JSON-LD or HTML (in the language asked for) by the request's ``Accept`` and
``Accept-Language`` headers, with ``Vary`` naming them. A static host without rules serves the files as they are.
"""

from __future__ import annotations

HTACCESS = r"""# bbkg static site: content negotiation for Apache httpd (mod_rewrite, mod_headers, mod_mime).
# An entity IRI is a folder: /id/org/galapagos answers 303 See Other to
#   /id/org/galapagos/index.ttl     for Accept: text/turtle
#   /id/org/galapagos/index.jsonld  for Accept: application/ld+json (or application/json)
#   /id/org/galapagos/index.nl.html (fr, de) for Accept-Language: nl (fr, de), when that page exists
#   /id/org/galapagos/              otherwise (index.html, English)
Options -MultiViews -Indexes
DirectoryIndex index.html
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddCharset utf-8 .html .ttl .jsonld .js .css .svg
DirectorySlash Off

<IfModule mod_headers.c>
  Header always merge Vary "Accept, Accept-Language"
</IfModule>

RewriteEngine On

RewriteCond %{REQUEST_FILENAME} -d
RewriteCond %{REQUEST_URI} !/$
RewriteCond %{HTTP_ACCEPT} text/turtle [NC]
RewriteRule ^ %{REQUEST_URI}/index.ttl [R=303,L]

RewriteCond %{REQUEST_FILENAME} -d
RewriteCond %{REQUEST_URI} !/$
RewriteCond %{HTTP_ACCEPT} application/(ld\+)?json [NC]
RewriteRule ^ %{REQUEST_URI}/index.jsonld [R=303,L]

RewriteCond %{REQUEST_FILENAME} -d
RewriteCond %{REQUEST_URI} !/$
RewriteCond %{HTTP:Accept-Language} ^(nl|fr|de) [NC]
RewriteCond %{REQUEST_FILENAME}/index.%1.html -f
RewriteRule ^ %{REQUEST_URI}/index.%1.html [R=303,L]

RewriteCond %{REQUEST_FILENAME} -d
RewriteCond %{REQUEST_URI} !/$
RewriteRule ^ %{REQUEST_URI}/ [R=303,L]
"""

NGINX = r"""# bbkg static site: content negotiation for nginx.
# The two map blocks go in the http { } block; the server block is an example (set root to the site folder).
# An entity IRI is a folder: /id/org/galapagos answers 303 See Other to index.ttl (Accept: text/turtle),
# index.jsonld (Accept: application/ld+json), index.nl.html / .fr / .de (Accept-Language) or the folder.
map $http_accept $bbkg_data {
    default                      "";
    "~*text/turtle"              "/index.ttl";
    "~*application/(ld\+)?json"  "/index.jsonld";
}
map $http_accept_language $bbkg_lang {
    default  "/";
    "~*^nl"  "/index.nl.html";
    "~*^fr"  "/index.fr.html";
    "~*^de"  "/index.de.html";
}

server {
    listen 8080;
    root /srv/bbkg-site;
    index index.html;
    types {
        text/html html; text/turtle ttl; application/ld+json jsonld; text/css css;
        application/javascript js; image/svg+xml svg;
    }
    charset utf-8;
    charset_types text/turtle application/ld+json application/javascript text/css image/svg+xml;

    location / {
        add_header Vary "Accept, Accept-Language" always;
        set $bbkg_target $bbkg_data;
        if ($bbkg_target = "") { set $bbkg_target $bbkg_lang; }
        if (!-f $request_filename$bbkg_target) { set $bbkg_target "/"; }
        if (-d $request_filename) { set $bbkg_folder "yes"; }
        if ($uri ~ "/$") { set $bbkg_folder ""; }
        if ($bbkg_folder = "yes") { return 303 $uri$bbkg_target; }
        try_files $uri $uri/index.html =404;
    }
}
"""
