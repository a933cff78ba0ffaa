"""The staff wing: dashboard, check-in at the door and exports, behind /staff/."""
