#!/usr/bin/perl
# Reference for bench/bounce/run.sh: parses each message file given on the command line with
# Sisimai (Debian's libsisimai-perl) and prints how many files it read and how many bounce
# records it found, as "files records".
use strict;
use warnings;
use Sisimai;

my ($files, $records) = (0, 0);
for my $path (@ARGV) {
    # make() reads a file, a mailbox or a Maildir; a .eml file is a mailbox of one message.
    my $parsed = Sisimai->make($path, 'delivered' => 1);
    $files++;
    $records += scalar @$parsed if defined $parsed;
}
print "$files $records\n";
