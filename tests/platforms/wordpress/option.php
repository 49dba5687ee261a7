<?php
// Set one WordPress option: php option.php DOCROOT NAME VALUE
$_SERVER['HTTP_HOST'] = 'localhost';
require $argv[1] . '/wp-load.php';
update_option($argv[2], $argv[3]);
echo get_option($argv[2]), "\n";
