-- One database per service, as in the samples' kafka and rabbit profiles.
CREATE DATABASE orders;
CREATE DATABASE inventory;
