from blog import views
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", views.PostList.as_view(), name="home"),
    path("posts/<slug:slug>/", views.PostDetail.as_view(), name="post"),
    path("comment/", include("comment.urls")),
    path("admin/", admin.site.urls),
]
