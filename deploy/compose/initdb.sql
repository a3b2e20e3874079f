-- One database per service (the names `make run` uses), created on the server's first start.
CREATE DATABASE carecoord_referrals;
CREATE DATABASE carecoord_scheduling;
CREATE DATABASE carecoord_notes;
CREATE DATABASE carecoord_notifications;
