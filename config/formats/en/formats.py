"""English as written on a German site: day before month, 24-hour clock.

Django's own `en` formats are American ("Jan. 12, 2027, 10 a.m."); these follow
Django's `en_GB` and add the 24-hour clock used throughout the programme.
"""

DATE_FORMAT = "j F Y"  # 12 January 2027
TIME_FORMAT = "H:i"  # 10:00
DATETIME_FORMAT = "j F Y, H:i"  # 12 January 2027, 10:00
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
