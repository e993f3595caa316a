CREATE DATABASE matchmaker;
CREATE DATABASE notifications;
