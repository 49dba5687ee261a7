from django.views.generic import DetailView, ListView

from blog.models import Article


class ArticleList(ListView):
    model = Article


class ArticleDetail(DetailView):
    model = Article

    def get_queryset(self):
        return Article.objects.filter(publish__year=self.kwargs["year"],
                                      publish__month=self.kwargs["month"])
