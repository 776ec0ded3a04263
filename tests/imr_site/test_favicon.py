"""The site's icon answers where browsers look for it, on our pages and the admin's."""

from django.test import Client


def test_favicon_ico_answers_at_the_root(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


ICON = '<link rel="icon" href="/static/root/favicon.ico">'


def test_our_pages_and_the_admins_link_the_icon(world, client_for):
    assert ICON in client_for(None).get("/admin/login/").content.decode()
    assert ICON in client_for(None).get("/accounts/login/").content.decode()
    client = client_for("admin")
    assert ICON in client.get("/admin/").content.decode()
    assert ICON in client.get("/accounts/").content.decode()
