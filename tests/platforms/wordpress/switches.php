<?php
/*
 * Plugin Name: archiver test switches
 * Description: Lets the tests turn the REST API off (a refusal, as security plugins do)
 * without restarting the server: the file rest-off next to wp-config.php is the switch.
 */
if (file_exists(ABSPATH . 'rest-off')) {
    add_filter('rest_authentication_errors', function () {
        return new WP_Error('rest_disabled', 'The REST API is disabled on this site.',
                            array('status' => 401));
    });
}
