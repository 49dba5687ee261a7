from django.views.generic import DetailView, ListView

from blog.models import Post


class PostList(ListView):
    model = Post


class PostDetail(DetailView):
    model = Post
