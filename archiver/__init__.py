"""archiver: archive commentary sites (articles and their reader comment threads) into SQLite."""

__version__ = "0.1.0"
