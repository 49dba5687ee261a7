<?php
// Non-interactive WordPress install: php install.php DOCROOT
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = 'localhost';
require $argv[1] . '/wp-load.php';
require ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install('Die Debatte', 'admin', 'admin@example.test', true, '',
                     'admin-password-not-secret');
if (is_wp_error($result)) { fwrite(STDERR, $result->get_error_message()); exit(1); }
echo "installed\n";
