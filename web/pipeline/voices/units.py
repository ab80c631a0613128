"""The units of doses and measures a careful reader says: each written symbol, what a unit
may be "per", and a unit's words in English and Spanish (normalize.py reads them)."""

from __future__ import annotations

# Written symbol: unit. Case matters ("mg" is a unit, "Mg" magnesium).
SYMBOLS = {"mg": "mg", "mcg": "mcg", "µg": "mcg", "μg": "mcg", "g": "g", "kg": "kg",
           "mL": "ml", "ml": "ml", "L": "l", "dL": "dl", "mmol": "mmol", "mmHg": "mmhg",
           "cm": "cm", "mm": "mm", "IU": "iu", "UI": "iu", "h": "h", "hr": "h", "hrs": "h",
           "min": "min", "%": "%", "°C": "c", "ºC": "c", "°F": "f", "ºF": "f", "°": "deg",
           "oz": "oz", "lb": "lb", "lbs": "lb", "tsp": "tsp", "tbsp": "tbsp", "Tbsp": "tbsp"}
PER = {"day": "day", "d": "day", "día": "day", "dose": "dose", "dosis": "dose",
       "week": "week", "semana": "week", "kg": "kg", "dL": "dl", "L": "l", "mL": "ml",
       "h": "h", "hr": "h", "min": "min"}
# Unit: English singular|plural|Spanish singular|plural|gender ("n": never "un"/"una").
UNITS = {
    "mg": "milligram|milligrams|miligramo|miligramos|m", "g": "gram|grams|gramo|gramos|m",
    "mcg": "microgram|micrograms|microgramo|microgramos|m", "l": "liter|liters|litro|litros|m",
    "kg": "kilogram|kilograms|kilogramo|kilogramos|m", "h": "hour|hours|hora|horas|f",
    "ml": "milliliter|milliliters|mililitro|mililitros|m", "day": "day|days|día|días|m",
    "dl": "deciliter|deciliters|decilitro|decilitros|m", "dose": "dose|doses|dosis|dosis|f",
    "mmol": "millimole|millimoles|milimol|milimoles|m", "deg": "degree|degrees|grado|grados|m",
    "cm": "centimeter|centimeters|centímetro|centímetros|m",
    "mm": "millimeter|millimeters|milímetro|milímetros|m",
    "mmhg": "millimeter of mercury|millimeters of mercury|milímetro de mercurio|"
            "milímetros de mercurio|m",
    "iu": "international unit|international units|unidad internacional|"
          "unidades internacionales|f",
    "min": "minute|minutes|minuto|minutos|m", "week": "week|weeks|semana|semanas|f",
    "oz": "ounce|ounces|onza|onzas|f", "lb": "pound|pounds|libra|libras|f",
    "tsp": "teaspoon|teaspoons|cucharadita|cucharaditas|f",
    "tbsp": "tablespoon|tablespoons|cucharada|cucharadas|f",
    "%": "percent|percent|por ciento|por ciento|n",
    "c": "degree Celsius|degrees Celsius|grado Celsius|grados Celsius|m",
    "f": "degree Fahrenheit|degrees Fahrenheit|grado Fahrenheit|grados Fahrenheit|m",
}
