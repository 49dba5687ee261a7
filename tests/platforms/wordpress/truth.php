<?php
// The ground truth, straight from the database: php truth.php DOCROOT > truth.json
$_SERVER['HTTP_HOST'] = 'localhost';
require $argv[1] . '/wp-load.php';
global $wpdb;
$posts = $wpdb->get_results(
    "SELECT ID, post_title, post_author, post_date_gmt FROM {$wpdb->posts}
     WHERE post_status = 'publish' AND post_type = 'post' ORDER BY ID", ARRAY_A);
foreach ($posts as &$post) {
    $post['link'] = get_permalink($post['ID']);
    $post['author_name'] = get_the_author_meta('display_name', $post['post_author']);
}
$comments = $wpdb->get_results(
    "SELECT comment_ID, comment_post_ID, comment_parent, comment_author, comment_author_url,
            comment_date_gmt, user_id, comment_content FROM {$wpdb->comments}
     WHERE comment_approved = '1' AND comment_type IN ('comment', '') ORDER BY comment_ID",
    ARRAY_A);
echo json_encode(array('posts' => $posts, 'comments' => $comments), JSON_UNESCAPED_UNICODE);
