<?php
// Populate a fresh WordPress for archiver's tests: php seed.php DOCROOT
// Several authors, categories and tags; threaded comments 5 levels deep; a post with 120
// comments over 10 comment pages; HTML and non-ASCII comments; a pingback; unapproved, spam
// and trashed comments (none may be archived); a draft; a non-UTC zone and a German date
// format. Every date is given in the site's zone (Europe/Berlin) and stored with its GMT
// twin, across both DST offsets.
$_SERVER['HTTP_HOST'] = 'localhost';
require $argv[1] . '/wp-load.php';

$options = array(
    'blogdescription' => 'Meinungen, Repliken, Leserbriefe',
    'timezone_string' => 'Europe/Berlin',
    'gmt_offset' => '',
    'date_format' => 'j. F Y',
    'time_format' => 'G:i',
    'posts_per_page' => 4,
    'page_comments' => 1,
    'comments_per_page' => 10,
    'thread_comments' => 1,
    'thread_comments_depth' => 5,
    'default_comments_page' => 'oldest',
    'comment_order' => 'asc',
    'comment_moderation' => 0,
    'comment_registration' => 0,
    'show_avatars' => 0,
);
foreach ($options as $name => $value) {
    update_option($name, $value);
}
switch_theme('twentytwentyone');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');
flush_rewrite_rules(false);

// The install's sample content is not ours.
foreach (get_posts(array('post_type' => array('post', 'page'), 'post_status' => 'any',
                         'numberposts' => -1)) as $old) {
    wp_delete_post($old->ID, true);
}

function dates($local) {
    $when = new DateTime($local, new DateTimeZone('Europe/Berlin'));
    $gmt = clone $when;
    $gmt->setTimezone(new DateTimeZone('UTC'));
    return array($when->format('Y-m-d H:i:s'), $gmt->format('Y-m-d H:i:s'));
}

function user($login, $name, $role, $url = '') {
    $id = wp_insert_user(array('user_login' => $login, 'user_pass' => wp_generate_password(),
        'user_email' => "$login@example.test", 'display_name' => $name,
        'nickname' => $name, 'role' => $role, 'user_url' => $url));
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
    return $id;
}

function post($title, $author, $local, $categories, $tags, $paragraphs, $status = 'publish') {
    list($date, $gmt) = dates($local);
    $content = implode("\n\n", array_map(function ($p) { return "<p>$p</p>"; }, $paragraphs));
    $id = wp_insert_post(array('post_title' => $title, 'post_author' => $author,
        'post_content' => $content, 'post_status' => $status, 'post_date' => $date,
        'post_date_gmt' => $gmt, 'post_category' => $categories, 'tags_input' => $tags,
        'comment_status' => 'open', 'ping_status' => 'open'), true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
    return $id;
}

// Comments are inserted in date order, so ids grow with dates (WordPress lists a thread
// by date, its REST API pages by id).
function comment($post, $parent, $who, $text, $local, $approved = '1', $type = 'comment') {
    list($date, $gmt) = dates($local);
    $id = wp_insert_comment(array('comment_post_ID' => $post, 'comment_parent' => $parent,
        'comment_author' => $who[0], 'comment_author_email' => $who[1],
        'comment_author_url' => $who[2], 'user_id' => $who[3], 'comment_content' => $text,
        'comment_date' => $date, 'comment_date_gmt' => $gmt, 'comment_approved' => $approved,
        'comment_type' => $type, 'comment_author_IP' => '127.0.0.1'));
    if (!$id) { fwrite(STDERR, "comment failed\n"); exit(1); }
    return $id;
}

$zoe = user('zoe', 'Zoë Müller', 'author', 'https://zoe.example/');
$kwame = user('kwame', 'Kwame Mensah', 'author');
$ines = user('ines', 'Inès Laurent', 'editor');
$reader = user('leserin', 'Leserin K.', 'subscriber', 'https://leserin.example/blog/');

$politik = wp_insert_term('Politik', 'category')['term_id'];
$kultur = wp_insert_term('Kultur', 'category')['term_id'];
$economie = wp_insert_term('Économie', 'category')['term_id'];

// Commenters: [name, email, url, user id]
$anna = array('Anna Schmidt', 'anna@example.test', '', 0);
$bjorn = array('Björn Åkesson', 'bjorn@example.test', 'https://bjorn.example/', 0);
$chen = array('陈伟', 'chen@example.test', '', 0);
$dave = array('Dave "the skeptic" O\'Brien', 'dave@example.test', 'http://dave.example/', 0);
$lk = array('Leserin K.', 'leserin@example.test', 'https://leserin.example/blog/', $reader);
$zoe_c = array('Zoë Müller', 'zoe@example.test', 'https://zoe.example/', $zoe);
$kwame_c = array('Kwame Mensah', 'kwame@example.test', '', $kwame);
$people = array($anna, $bjorn, $chen, $dave, $lk);

$p1 = post('Warum wir über Mieten streiten müssen', $zoe, '2024-03-01 10:15:00',
    array($politik), array('Wohnen', 'Berlin'),
    array('Die Mieten steigen, und mit ihnen der Ton der Debatte.',
          'Ein Plädoyer für mehr Streit – und bessere Argumente.'));
// A deep thread: five levels, with branches, and the post's author answering.
$c1 = comment($p1, 0, $anna, 'Endlich sagt es mal jemand.', '2024-03-01 11:00:00');
$c2 = comment($p1, $c1, $bjorn, 'Das sehe ich anders: <em>Angebot</em> ist das Problem.', '2024-03-01 11:20:00');
$c3 = comment($p1, $c2, $zoe_c, 'Angebot allein reicht nicht, siehe Wien.', '2024-03-01 12:05:00');
$c4 = comment($p1, $c3, $dave, 'Vienna builds <strong>social</strong> housing, that\'s the point.', '2024-03-01 13:40:00');
$c5 = comment($p1, $c4, $chen, '维也纳的例子很有意思。', '2024-03-01 14:02:00');
comment($p1, $c2, $lk, 'Und die Bodenpreise?', '2024-03-02 08:30:00');
comment($p1, 0, $dave, 'Great piece & a fair one.', '2024-03-02 09:00:00');
comment($p1, $c1, $kwame_c, 'Danke für die Diskussion.', '2024-03-02 09:30:00');
comment($p1, 0, $anna, 'Bitte veröffentlichen!', '2024-03-02 10:00:00', '0');   // unapproved
comment($p1, 0, $dave, 'Buy cheap watches', '2024-03-02 10:05:00', 'spam');
comment($p1, 0, $bjorn, 'Gelöscht', '2024-03-02 10:10:00', 'trash');

// The long thread: 96 top-level comments (10 comment pages of 10) and 24 replies: two
// pages of the REST API's 100.
$p2 = post('Die Zukunft der Zeitung', $kwame, '2024-06-14 18:30:00',
    array($kultur, $economie), array('Medien', 'Zeitung', 'Berlin'),
    array('Print ist tot, sagen manche. Andere lesen jeden Morgen Papier.',
          'Was bleibt, wenn die Druckerei schließt?'));
$start = new DateTime('2024-06-14 19:00:00', new DateTimeZone('Europe/Berlin'));
$tops = array();
for ($i = 1; $i <= 96; $i++) {
    $when = (clone $start)->modify('+' . ($i * 37) . ' minutes');
    $who = $people[$i % count($people)];
    $tops[] = comment($p2, 0, $who, "Kommentar Nummer $i: Zeitung ist <em>Gewohnheit</em> (Folge $i).",
                      $when->format('Y-m-d H:i:s'));
}
for ($i = 1; $i <= 24; $i++) {
    $when = (clone $start)->modify('+3 days')->modify('+' . ($i * 11) . ' minutes');
    $who = $people[($i + 2) % count($people)];
    $parent = $tops[($i * 7) % count($tops)];
    comment($p2, $parent, $who, "Antwort $i – ganz meiner Meinung, oder auch nicht.",
            $when->format('Y-m-d H:i:s'));
}
comment($p2, 0, array('Ein Blog', '', 'https://ein-blog.example/2024/06/zeitung/', 0),
        '[…] Die Zukunft der Zeitung […]', '2024-06-20 12:00:00', '1', 'pingback');

$p3 = post('Über Kommentare & Ironie', $ines, '2024-10-27 02:30:00',
    array($kultur), array('Netzkultur'),
    array('Ironie ist im Netz schwer zu erkennen – besonders in Kommentarspalten.'));
comment($p3, 0, $chen, "<blockquote>Ironie ist schwer.</blockquote>\n\nJa, <a href=\"https://example.org/ironie\">hier ist ein Beispiel</a>.", '2024-10-27 03:10:00');
comment($p3, 0, $bjorn, "Zwei Absätze.\n\nZweiter Absatz mit <code>&lt;code&gt;</code> und „Anführungszeichen“.", '2024-10-27 04:00:00');
comment($p3, 0, $anna, 'Ça va? Grüße aus Köln 👋 – 日本語もOK', '2024-12-31 23:59:00');
comment($p3, 0, array('', '', '', 0), 'Ein Kommentar ohne Namen.', '2025-01-01 00:01:00');

$p4 = post('Kurz notiert', $zoe, '2025-01-15 07:00:00', array($politik), array(),
    array('Heute ohne Kommentare.'));
post('Entwurf: nicht veröffentlicht', $zoe, '2025-01-20 07:00:00', array($politik),
     array('Entwurf'), array('Noch nicht fertig.'), 'draft');

echo "seeded\n";
