<?php
// Router for `php -S`: real files are served as they are, every other path goes to
// WordPress's index.php, as Apache's rewrite rules would do for pretty permalinks.
$root = $_SERVER['DOCUMENT_ROOT'];
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$file = realpath($root . $path);
if ($file !== false && str_starts_with($file, realpath($root))) {
    if (is_dir($file) && is_file($file . '/index.php')) {
        $file .= '/index.php';
    }
    if (is_file($file)) {
        if (substr($file, -4) !== '.php') {
            return false;  // static asset: php -S serves it
        }
        $_SERVER['SCRIPT_NAME'] = substr($file, strlen(realpath($root)));
        $_SERVER['SCRIPT_FILENAME'] = $file;
        chdir(dirname($file));
        require $file;
        return true;
    }
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
require $root . '/index.php';
