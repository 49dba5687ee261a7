from blog import views
from django.urls import include, path

urlpatterns = [
    path("", views.ArticleList.as_view(), name="home"),
    path("<int:year>/<int:month>/<slug:slug>/", views.ArticleDetail.as_view(),
         name="article"),
    path("comments/", include("django_comments_xtd.urls")),
]
